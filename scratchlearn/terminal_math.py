"""Markdown math made readable in a terminal.

The notes write math as GitHub renders it: ``$...$`` inline and ``$$...$$``
blocks of LaTeX. A terminal shows that source raw (``$2/\\|w\\|$``). This
module rewrites the LaTeX inside the dollars as plain Unicode text — ``‖w‖``,
``σ(z)``, ``Σᵢ``, ``≤``, ``xᵀ`` — good enough to read, not a typesetter.
Anything it does not know it leaves as it was, minus the backslash.
"""

import re
import unicodedata

__all__ = ["render_math", "render_markdown_math"]

SYMBOLS = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # Operators and relations
    "sum": "Σ", "prod": "Π", "int": "∫", "partial": "∂", "nabla": "∇", "infty": "∞",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "~", "propto": "∝", "equiv": "≡", "cdot": "·", "times": "×", "div": "÷",
    "pm": "±", "mp": "∓", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "forall": "∀", "exists": "∃",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "iff": "⇔", "implies": "⇒", "mapsto": "↦", "gets": "←", "mid": "|", "|": "‖",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "langle": "⟨",
    "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "ldots": "…", "cdots": "⋯", "dots": "…", "top": "ᵀ", "intercal": "ᵀ", "star": "⋆",
    "ast": "∗", "circ": "∘", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "ell": "ℓ",
    "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "arg": "arg",
    "sup": "sup", "inf": "inf", "det": "det", "tr": "tr", "sign": "sign", "operatorname": "",
    "sqrt": "√", "%": "%", "$": "$", "#": "#", "_": "_", "&": "&",
    # Spacing and sizing that only matter to a typesetter
    "quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ",
    "left": "", "right": "", "big": "", "Big": "", "bigg": "", "Bigg": "", "bigl": "",
    "bigr": "", "Bigl": "", "Bigr": "", "displaystyle": "", "limits": "", "nolimits": "",
}

# Commands whose one argument is shown as it is (fonts, text).
UNWRAP = ("mathbf", "mathrm", "mathit", "mathcal", "mathbb", "boldsymbol", "text", "textrm",
          "textbf", "textit", "operatorname", "mbox", "mathsf", "mathtt", "bm")
# Accents, drawn with Unicode combining marks after their argument.
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "overline": "\u0305", "tilde": "\u0303",
           "dot": "\u0307", "ddot": "\u0308", "vec": "\u20d7", "widehat": "\u0302",
           "widetilde": "\u0303"}

SUPERSCRIPTS = dict(zip("0123456789+-=()nijkTtx", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵀᵗˣ"))
SUBSCRIPTS = dict(zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))

# Escaped braces are set aside while grouping braces are removed, then restored.
LEFT_BRACE, RIGHT_BRACE = "\x00", "\x01"

_GROUP = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"  # a braced group, nested twice at most


def render_math(tex):
    """Unicode text for one LaTeX math expression (the part between the dollars)."""
    text = tex
    text = re.sub(r"\\tag\{([^}]*)\}", r"   (\1)", text)
    text = re.sub(r"\\begin\{[a-z*]+\}|\\end\{[a-z*]+\}", "", text)
    text = text.replace("\\{", LEFT_BRACE).replace("\\}", RIGHT_BRACE)
    text = text.replace("\\\\", "\n").replace("&", "")
    text = re.sub(r"\\[dt]?frac\s*(\w)(\w)", r"\\frac{\1}{\2}", text)
    for _ in range(4):  # fractions and accents nest; a few passes resolve the usual depths
        text = re.sub(r"\\[dt]?frac\s*" + _GROUP + r"\s*" + _GROUP, _fraction, text)
        text = re.sub(r"\\(" + "|".join(ACCENTS) + r")\s*" + _GROUP,
                      lambda m: _accent(m.group(2), ACCENTS[m.group(1)]), text)
        text = re.sub(r"\\(" + "|".join(ACCENTS) + r")\s*(\\?[A-Za-z])",
                      lambda m: _accent(m.group(2), ACCENTS[m.group(1)]), text)
        text = re.sub(r"\\sqrt\s*" + _GROUP, lambda m: "√(" + m.group(1) + ")", text)
        text = re.sub(r"\\(?:" + "|".join(UNWRAP) + r")\s*" + _GROUP, r"\1", text)
    text = re.sub(r"\\([A-Za-z]+)", _symbol, text)
    text = re.sub(r"\\([|%$#_&,;:! ])", lambda m: SYMBOLS[m.group(1)], text)
    text = re.sub(r"\^\s*" + _GROUP + r"|\^\s*([^\s(])",
                  lambda m: _script(m.group(1) or m.group(2), SUPERSCRIPTS, "^"), text)
    text = re.sub(r"_\s*" + _GROUP + r"|_\s*([^\s(])",
                  lambda m: _script(m.group(1) or m.group(2), SUBSCRIPTS, "_"), text)
    text = text.replace("{", "").replace("}", "")
    text = text.replace(LEFT_BRACE, "{").replace(RIGHT_BRACE, "}")
    return re.sub(r"[ \t]{2,}(?!\()", " ", text).strip()


def render_markdown_math(markdown):
    """A Markdown text with every ``$$...$$`` block and ``$...$`` span rendered."""
    def block(match):
        lines = render_math(match.group(1)).splitlines()
        return "\n".join("    " + line.strip() for line in lines if line.strip())

    text = re.sub(r"\$\$(.+?)\$\$", block, markdown, flags=re.DOTALL)
    return re.sub(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)",
                  lambda m: render_math(m.group(1)), text)


def _symbol(match):
    name = match.group(1)
    return SYMBOLS.get(name, name)


def _fraction(match):
    numerator, denominator = (render_math(part) for part in match.groups())
    return f"{_parenthesised(numerator)} / {_parenthesised(denominator)}"


def _parenthesised(text):
    """``a + b`` becomes ``(a + b)`` so that ``/`` keeps its meaning; ``n`` stays ``n``."""
    return f"({text})" if re.search(r"[\s+\-−]", text) else text


def _accent(argument, mark):
    # NFC joins a letter and its mark where Unicode has one character for both (ŷ).
    return unicodedata.normalize("NFC", render_math(argument) + mark)


def _script(content, table, marker):
    rendered = render_math(content)
    if rendered and all(ch in table for ch in rendered):
        return "".join(table[ch] for ch in rendered)
    if len(rendered) == 1 and marker == "^" and rendered in "ᵀ":
        return rendered
    return f"{marker}({rendered})" if len(rendered) > 1 else f"{marker}{rendered}"
