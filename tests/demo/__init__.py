"""The demo tests are a package so their once-loaded demo ends with the folder."""
