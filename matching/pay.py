"""Pay statements in free text (« Salaire : 150 000 F CFA », "$19/hr"): what a job pays, not what it needs.

Job ads and CVs from West and North Africa give amounts in francs CFA, dirhams, dinars, cedis, nairas…; read as
words, « francs » meets « français » and « salaire » meets payroll skills. The extractor and the occupation guess
blank these spans out (same length, so offsets into the text stay right).
"""

from __future__ import annotations

import re

_CURRENCY = (
    r"(?:f\.?\s?cfa|fcfa|francs?(?:\s+(?:cfa|guin[ée]ens?))?|cfa|xof|xaf|dirhams?|dhs?|mad|dinars?"
    r"(?:\s+(?:alg[ée]riens?|tunisiens?|libyens?))?|da|dzd|tnd|euros?|eur|€|\$|usd|dollars?|gnf|ouguiyas?|mru|"
    r"cedis?|ghs|nairas?|ngn|£|gbp)"
)
_AMOUNT = r"\d[\d \u00a0\u202f.,']*(?:\s?k)?"
_PAY_WORD = (
    r"(?:salaires?|r[ée]mun[ée]rations?|pay[ée]e?s?|primes?|indemnit[ée]s?|gratifications?|salary|salaries|"
    r"pay|paid|wages?|compensation)"
)
_PERIOD = r"(?:\s*(?:par|/|per|a|an)\s*(?:mois|ann[ée]e|an|jour|heure|semaine|month|year|day|hour|week|hr|yr|h)\b)?"
PAY_RE = re.compile(
    rf"(?:\b{_PAY_WORD}\b[^\d\n.;!?]{{0,30}})?(?:{_AMOUNT}\s?{_CURRENCY}(?![^\W\d_])|[€$£]\s?{_AMOUNT}){_PERIOD}",
    re.IGNORECASE,
)


def mask_pay(text: str) -> str:
    """``text`` with every pay statement (a pay word, the amount and its currency, the period) blanked out.

    Args:
        text: free text.

    Returns:
        A text of the same length; « payé 6 000 dirhams par mois » becomes spaces, « les salaires » stays.
    """
    return PAY_RE.sub(lambda match: " " * len(match.group()), text)
