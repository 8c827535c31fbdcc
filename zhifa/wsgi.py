import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
application = get_wsgi_application()

# The security-relevant configuration of this server process, recorded in the security audit
# log when it differs from the last one recorded (ADR 0011; never stops the server starting).
from zhifa.security.startup import record_configuration_at_start  # noqa: E402

record_configuration_at_start()
