"""The writing room (``w4r serve``): a local web app where writers write and an organiser reviews and prints.

Modules, one job each: ``app`` (the ASGI app and its middleware), ``writer`` and
``organiser`` (the routes), ``pages`` (templates and safe form reading),
``room`` (settings and state), ``store`` (SQLite), ``security`` (signing, CSRF,
rate limits, the PIN), ``i18n`` (the interface's languages), ``preview`` (PDF
page to PNG), ``engine`` (every call into the w4r library), ``qr``, ``xlsx``
and ``server`` (uvicorn and the terminal).  Nothing here is imported unless
``w4r serve`` runs.
"""
