"""The credit "双公示" export (``zhifa credit export``): records, batches, file formats."""
