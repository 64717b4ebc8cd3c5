"""The page toolkit every app's pages share (the page decorator, the reason for access, the date input, a service's
refusal on a form). It sits just above ``records`` in ``docs/architecture.md``'s order, so that ``indicators``,
``letters``, ``register`` and ``reports`` keep their own pages without importing ``web``, which is above them."""
