"""Pure contest rules: plain data in, plain data out. No Flask, no SQLAlchemy, no I/O."""
