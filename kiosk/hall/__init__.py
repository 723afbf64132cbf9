"""The hall: kiosks' heartbeat state, staff calls and remote commands on the shared database
(:mod:`kiosk.hall.store`), their live delivery (:mod:`kiosk.hall.live`) and the staff console
(:mod:`kiosk.hall.console`). See docs/hall.md."""
