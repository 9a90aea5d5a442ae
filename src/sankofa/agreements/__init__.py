"""Data-sharing agreements and the returnee's consents: what a partner may see."""
