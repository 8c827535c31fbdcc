from zhifa.core import nav
from zhifa.core.nav import ALL_ROLES

nav.register("法定日历", "calendar:year", ALL_ROLES, 80)
