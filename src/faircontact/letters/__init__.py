"""Letters to customers and those acting for them, from each organisation's templates (000 §6.4, 003 §25-32)."""
