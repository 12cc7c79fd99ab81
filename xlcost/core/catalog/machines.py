"""How many GPUs of a kind one rented machine holds: what makes an instance row possible.

Every H100, H200, B200, A100 80 GB, L40S, L4 and A10G machine the public clouds list holds at most 8
(an HGX baseboard, or AWS's g5/g6 and GCP's g2 at their largest); GCP's a2-megagpu-16g holds 16 A100
40 GB, the most any listed machine holds, which is the limit for a GPU not named here.
"""

from __future__ import annotations

MAX_PER_MACHINE: dict[str, int] = {
    "a100-40g": 16,
    "a100-80g": 8,
    "h100-80g": 8,
    "h100-pcie": 8,
    "h200-141g": 8,
    "b200-192g": 8,
    "l40s-48g": 8,
    "l4-24g": 8,
    "a10g-24g": 8,
}
ANY_MACHINE = 16


def most_per_machine(gpu: str) -> int:
    """The most GPUs of this kind one machine holds."""
    return MAX_PER_MACHINE.get(gpu, ANY_MACHINE)
