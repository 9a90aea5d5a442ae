"""Services: the rules of Sankofa. Each takes the session explicitly and commits once."""
