"""``serve``: build, serve the site on 127.0.0.1, rebuild on every save, reload open pages.

livereload provides the LiveReload protocol (its websocket handler and
``livereload.js``) on tornado, the server it is built on. What livereload
does not do well enough for writing is done here:

- rebuilds are driven by ``watchfiles`` (inotify, not 800 ms polling) with a
  short debounce, so a burst of saves or an editor's write-then-rename
  gives one rebuild, and a save during a rebuild gives another one after it
  (``run``);
- reloads are pushed directly to the browsers, without livereload's 3-second
  "ignore changes close together" rule (``handlers``);
- the reload script (and, after a failed build, an overlay listing the
  problems) is injected into every HTML response, the 404 page included;
- only files under the output folder are served: any path that cannot name
  one of them gets the site's 404 page (``pages``);
- only requests for the server's own host names are answered, and the
  live-reload websocket only from its own origins, with ``nosniff`` and
  ``no-referrer`` on every response (``guard``, ``handlers``);
- Ctrl-C and SIGTERM stop it cleanly; a deleted ``briefing.yaml`` is a
  diagnostic on the open pages, not the end of the preview (``preview``).
"""

from briefing.serve.guard import Guard
from briefing.serve.handlers import make_app, reload_browsers
from briefing.serve.pages import inject, resolve_request
from briefing.serve.preview import DEBOUNCE_MS, DEFERRED_PAGES, QUIET_MS, BuildStatus, Preview, preview_builder
from briefing.serve.run import serve, watch

__all__ = [
    "DEBOUNCE_MS",
    "DEFERRED_PAGES",
    "QUIET_MS",
    "BuildStatus",
    "Guard",
    "Preview",
    "inject",
    "make_app",
    "preview_builder",
    "reload_browsers",
    "resolve_request",
    "serve",
    "watch",
]
