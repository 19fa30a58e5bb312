"""llama.cpp is compiled for a fixed CPU level, never for the machine that builds it (packaging/dev.py,
LLAMA_CMAKE_ARGS). A native build used Intel AMX where the compiler saw it, and every prompt longer than a few
tokens then died with a general-protection fault on a machine whose kernel grants no AMX tile state; it would
also put instructions into the installer that other people's CPUs lack."""

from __future__ import annotations

import platform

import pytest


@pytest.mark.skipif(platform.machine().lower() not in {"x86_64", "amd64"},
                    reason="the fixed level is set for x86-64 only; elsewhere llama.cpp's defaults are kept")
def test_llama_cpp_is_built_for_a_fixed_x86_level() -> None:
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode()
    flags = dict(part.strip().split(" = ", 1) for part in info.split("|") if " = " in part)
    assert flags.get("AVX2") == "1" and flags.get("FMA") == "1" and flags.get("F16C") == "1", info
    beyond = sorted(name for name, value in flags.items() if name.startswith(("AMX", "AVX512")) and value == "1")
    assert beyond == [], f"llama.cpp was built for this machine's CPU ({', '.join(beyond)}): {info}"


def test_a_long_prompt_is_evaluated_in_full(engine) -> None:
    """The crash came on the first batched decode: a prompt of 400+ tokens, none of it cached."""
    from app.model.sampling import Sampling

    prompt = engine.tokenize(engine.render([{"role": "user", "content": "a quiet harbour at dawn " * 80}]))
    assert len(prompt) > 400
    engine.forget_cache()
    reply = engine.generate_tokens(prompt, Sampling(max_tokens=4, temperature=0.0))
    text = "".join(reply)
    assert reply.prompt_evaluated is not None and reply.prompt_evaluated > 400  # none of it from the cache
    assert reply.finish_reason is not None and (text or reply.token_count == 0)
