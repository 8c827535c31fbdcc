#!/usr/bin/env python
"""Same as the installed ``zhifa`` command, for those used to ``./manage.py``."""

from zhifa.manage import main

if __name__ == "__main__":
    main()
