"""Optional bridges to other frameworks; each needs its extra (``pip install 'reportparse[NAME]'``)."""
