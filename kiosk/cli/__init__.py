"""The ``kiosk`` command line (Qt-free commands; the composition root adds ``run`` and ``tour``)."""
