"""Who makes a model and who resells it: the provider ids of price files that are the model's own vendor.

An import keeps first-party rows by default (the price the maker charges), and names a vendor the
same way whichever file it came from, so LiteLLM's ``gemini`` and genai-prices' ``google`` are one
vendor and one row. Clouds and hosts that serve other makers' models (Azure, Bedrock, Vertex,
OpenRouter, Together ...) are resellers here; ``--provider`` or ``--all-providers`` brings them in.
"""

from __future__ import annotations

import re

#: provider id as LiteLLM or genai-prices spell it (compared without case or punctuation) -> vendor.
FIRST_PARTY = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "gemini": "Google",
    "google": "Google",
    "deepseek": "DeepSeek",
    "mistral": "Mistral",
    "xai": "xAI",
    "cohere": "Cohere",
    "coherechat": "Cohere",
    "dashscope": "Alibaba",
    "moonshot": "Moonshot",
    "moonshotai": "Moonshot",
    "zai": "Z.ai",  # Zhipu's international platform, priced apart from bigmodel.cn
    "zhipuai": "Zhipu",
    "minimax": "MiniMax",
}
#: How each vendor's own models are named: a first-party provider listing a model another vendor makes
#: (Google's Vertex listing ``claude-sonnet-4-5``) resells it.
MODEL_PREFIXES = {
    "OpenAI": ("gpt", "o1", "o3", "o4", "chatgpt", "codex"),
    "Anthropic": ("claude",),
    "Google": ("gemini", "gemma", "learnlm"),
    "DeepSeek": ("deepseek",),
    "Mistral": ("mistral", "magistral", "codestral", "devstral", "ministral", "pixtral", "voxtral", "open-mi"),
    "xAI": ("grok",),
    "Cohere": ("command", "c4ai", "aya"),
    "Alibaba": ("qwen", "qwq"),
    "Moonshot": ("kimi", "moonshot"),
    "Zhipu": ("glm", "chatglm"),
    "Z.ai": ("glm",),
    "MiniMax": ("minimax", "abab"),
}


def _bare(provider: str) -> str:
    return re.sub(r"[^a-z0-9]", "", provider.lower())


def vendor_of(provider: str) -> str | None:
    """The vendor a provider id names when that provider makes models; ``None`` for clouds and hosts."""
    return FIRST_PARTY.get(_bare(provider))


def first_party_vendor(provider: str, model: str) -> str | None:
    """The vendor when ``provider`` sells ``model`` as its maker; ``None`` when it resells it."""
    vendor = vendor_of(provider)
    name = model.rsplit("/", 1)[-1].lower()
    makers = {v for v, prefixes in MODEL_PREFIXES.items() if name.startswith(prefixes)}
    return vendor if vendor is not None and (not makers or vendor in makers) else None
