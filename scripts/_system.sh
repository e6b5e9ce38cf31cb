# Sourced by the other scripts: install missing Debian packages (as root, or with sudo).
# Add package names to NEED, then call install_needed (need_pdf_libraries does both for WeasyPrint).
NEED=()

install_needed() {
  if [ ${#NEED[@]} -eq 0 ]; then return; fi
  echo "installing system packages: ${NEED[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${NEED[@]}" >/dev/null
  NEED=()
}

# WeasyPrint (the pdf command) needs Pango and at least one font.
need_pdf_libraries() {
  local libraries fonts
  libraries="$("$(command -v ldconfig || echo /sbin/ldconfig)" -p 2>/dev/null || true)"
  [[ "$libraries" == *libpango-1.0.so.0* ]] || NEED+=(libpango-1.0-0)
  [[ "$libraries" == *libpangoft2-1.0.so.0* ]] || NEED+=(libpangoft2-1.0-0)
  [[ "$libraries" == *libharfbuzz-subset.so.0* ]] || NEED+=(libharfbuzz-subset0)
  fonts="$(fc-list 2>/dev/null || true)"
  [ -n "$fonts" ] || NEED+=(fontconfig fonts-dejavu-core)
  install_needed
}
