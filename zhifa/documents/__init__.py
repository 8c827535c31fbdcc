import logging

# WeasyPrint logs every rendering step at INFO ("Step 2 - Fetching and parsing CSS"), also when
# it is imported: noise at the project's INFO level. Set before anything imports it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
