"""Device library for the kiosk: ID card reader (SAM protocol) and ESC/POS receipt printer.

Standalone: it imports only the standard library and pyserial (the printer simulator's picture
output also uses Pillow and segno when they are installed). Each device has a pure codec, a driver
that runs the codec over a pyserial port on its own thread, and a simulator that speaks the device
end of the protocol on the master side of a pseudo-terminal.

Shared by both devices: ``status`` (``DeviceState``, ``DeviceProblem``: the words and message keys
of what is wrong), ``runtime`` (``DeviceWorker``: the driver thread, listeners, status logging,
back-off), ``simbase`` (``PtySimulator``: a simulator's pty, threads and control lines),
``ptylink`` and ``printjob``.
"""
