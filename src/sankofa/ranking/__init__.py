"""Ranked recommendations both ways, their records and index, learning from outcomes, fairness."""
