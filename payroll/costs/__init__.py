"""Interview cost accounting: rates, rooms, travel claims, the cost engine (pure) and the cost report."""
