"""hotline-tui: the terminal hotline desk of a software after-sales service center."""

__version__ = "0.1.0"

# peewee loads psycopg when imported; SQLite desks skip it (store/_drivers.py).
from hotline_tui.store._drivers import defer_drivers

defer_drivers()
