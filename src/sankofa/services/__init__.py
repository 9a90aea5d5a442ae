"""Services: the rules of Sankofa. Each takes the session explicitly and flushes; the request or job commits."""
