"""SQLite with a short-step wait for the write lock (``ENGINE = "zhifa.core.sqlite"``)."""
