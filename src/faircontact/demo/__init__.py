"""A demonstration organisation for the active profile: staff, customers, complaints and contacts.

Everything is made up in code (no downloads) from a seeded random generator, so the same seed and the same
clock give the same organisation. See :func:`faircontact.demo.generator.demo_load`.
"""
