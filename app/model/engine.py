"""The in-process model engine: one GGUF model loaded through llama.cpp, streaming replies.

One engine holds one loaded model; the process keeps at most one (loading another closes the first),
because a second copy of the weights and KV cache would only cost memory. Generation is serialised by a
lock; `Generation.cancel()` may be called from any thread and is seen before the next token.

llama.cpp keeps the tokens it has evaluated (its KV cache), and `Llama.generate` evaluates only what follows
the longest prefix a new prompt shares with them. So `prewarm` can evaluate the start of the next prompt (the
system prompt and the history) while the person is still typing, and the reply starts sooner.
"""

from __future__ import annotations

import codecs
import os
import random
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.model.catalog import Catalog, CatalogEntry, load_catalog
from app.model.chat_format import ChatTemplate, resolve_template
from app.model.errors import ModelError
from app.model.gguf import GGUFHeader, read_header
from app.model.repetition import RepetitionGuard
from app.model.sampling import Sampling

ProgressCallback = Callable[[str, float], None]

DEFAULT_N_CTX = 4096
# Tokens per llama.cpp call while pre-warming. A reply asked for meanwhile waits for at most one chunk
# (~0.15 s for the default model on two cores); smaller chunks cost more in total.
PREWARM_CHUNK = 64
# Two different next messages: what their prompts share is the part worth evaluating ahead.
_PROBES = ({"role": "user", "content": "Hello."}, {"role": "user", "content": "Something else, at length."})


class FinishReason(StrEnum):
    STOP = "stop"  # the model ended its reply
    LENGTH = "length"  # max_tokens reached
    CANCELLED = "cancelled"  # someone pressed stop
    REPETITION = "repetition"  # the reply fell into a loop
    CONTEXT = "context"  # the context window is full


@dataclass(frozen=True)
class ModelInfo:
    """What a person (and the settings page) should know about the loaded model."""

    path: Path
    name: str
    architecture: str
    size_bytes: int
    license: str | None
    trained_context: int | None
    n_ctx: int
    chat_format: str
    catalog_id: str | None


def inspect_model(
    path: str | os.PathLike[str], catalog: Catalog | None = None
) -> tuple[GGUFHeader, ChatTemplate, CatalogEntry | None]:
    """Validate a model file without loading it: readable GGUF, architecture, tokenizer, chat template."""
    path = Path(path)
    header = read_header(path)
    if not header.architecture:
        raise ModelError(f"{path.name} does not say which model architecture it is (general.architecture).")
    if "tokenizer.ggml.model" not in header.metadata or "tokenizer.ggml.tokens" not in header.metadata:
        raise ModelError(f"{path.name} has no tokenizer, so it cannot be used for chat.")
    catalog = catalog or load_catalog()
    entry = catalog.for_file(path)
    template = resolve_template(
        embedded=header.chat_template,
        catalog_format=entry.chat_format if entry else None,
        architecture=header.architecture,
        formats_by_architecture=catalog.formats_by_architecture,
        file_name=path.name,
    )
    return header, template, entry


class Generation:
    """A reply being generated: iterate for text pieces; `finish_reason` is set once iteration ends.

    Each generation has its own cancel flag, so a Stop pressed just before a reply starts is not lost,
    and one pressed after it ended cannot leak into the next reply.
    """

    def __init__(self, cancel: threading.Event | None = None) -> None:
        self._cancel = cancel or threading.Event()
        self._pieces: Iterator[str] = iter(())
        self.finish_reason: FinishReason | None = None
        self.token_count = 0
        self.prompt_tokens = 0
        # How many prompt tokens llama.cpp actually evaluated (the rest came from its KV cache); read from
        # llama.cpp's own counters once the first token exists.
        self.prompt_evaluated: int | None = None

    def __iter__(self) -> Iterator[str]:
        return self._pieces

    def cancel(self) -> None:
        """Stop before the next token; safe from any thread."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def close(self) -> None:
        """Abandon the reply early (e.g. a guardrail withheld it) and release the model."""
        self.cancel()
        close = getattr(self._pieces, "close", None)
        if close:
            close()


class Engine:
    _current: Engine | None = None
    _current_lock = threading.Lock()

    def __init__(self, llama, info: ModelInfo, template: ChatTemplate, default_sampling: Sampling) -> None:
        self._llama = llama
        self.info = info
        self.template = template
        self.default_sampling = default_sampling
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._add_bos = bool(llama._model.add_bos_token())
        self._bos = llama.token_bos()

    # ---- loading -------------------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        n_ctx: int | None = None,
        n_threads: int | None = None,
        catalog: Catalog | None = None,
        progress: ProgressCallback | None = None,
    ) -> Engine:
        """Validate, then load a model. Raises ModelError with a plain-language reason on any failure."""
        report = progress or (lambda stage, fraction: None)
        path = Path(path)
        report("Checking the model file", 0.05)
        header, template, entry = inspect_model(path, catalog)
        trained = header.context_length
        n_ctx = n_ctx or min(DEFAULT_N_CTX, entry.context_length if entry else trained or DEFAULT_N_CTX)
        if trained:
            n_ctx = min(n_ctx, trained)

        with cls._current_lock:
            if cls._current is not None:
                cls._current.close()
            report("Loading the model", 0.2)
            from llama_cpp import Llama  # deferred: importing llama.cpp costs time front ends need not pay

            try:
                llama = Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_batch=512,
                    n_threads=n_threads or max(1, min(os.cpu_count() or 1, 8)),
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelError(f"llama.cpp could not load {path.name} ({exc}).") from exc
            template = ChatTemplate(
                template.name,
                template.source,
                bos_token=_token_text(llama, llama.token_bos()),
                eos_token=_token_text(llama, llama.token_eos()),
            )
            info = ModelInfo(
                path=path,
                name=entry.name if entry else header.name or path.stem,
                architecture=header.architecture or "unknown",
                size_bytes=header.file_size,
                license=entry.license if entry else header.license,
                trained_context=trained,
                n_ctx=llama.n_ctx(),
                chat_format=template.name,
                catalog_id=entry.id if entry else None,
            )
            engine = cls(llama, info, template, entry.sampling if entry else Sampling())
            cls._current = engine
        report("Ready", 1.0)
        return engine

    @property
    def closed(self) -> bool:
        return self._llama is None

    def close(self) -> None:
        """Free the model's memory. Stops a running generation first and waits for it."""
        self._closing.set()
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None
        if Engine._current is self:
            Engine._current = None

    # ---- prompts ------------------------------------------------------------------------------------

    def render(self, messages: Sequence[Mapping[str, str]]) -> str:
        return self.template.render(messages, add_generation_prompt=True)

    def tokenize(self, prompt: str) -> list[int]:
        tokens = self._require()[0].tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        if self._add_bos and (not tokens or tokens[0] != self._bos):
            tokens.insert(0, self._bos)
        return tokens

    def count_tokens(self, messages: Sequence[Mapping[str, str]]) -> int:
        return len(self.tokenize(self.render(messages)))

    def stable_prefix(self, messages: Sequence[Mapping[str, str]]) -> list[int]:
        """The tokens every next prompt for `messages` starts with, whatever the person writes next.

        Usually that is the conversation rendered without the generation prompt (ChatML and most templates
        end each message with a special token); templates that fold the system prompt into the first user
        message are handled by the prefix two different next messages share, less its last token (which a
        different message could merge into a different token)."""
        probe = self.render([*messages, _PROBES[0]])
        probe_tokens = self.tokenize(probe)
        try:
            head = self.template.render(messages, add_generation_prompt=False)
        except ModelError:
            head = ""
        if head and probe.startswith(head) and len(head) < len(probe):
            tokens = self.tokenize(head)
            if probe_tokens[:len(tokens)] == tokens:
                return tokens
        other = self.tokenize(self.render([*messages, _PROBES[1]]))
        return probe_tokens[:max(0, _common_prefix(probe_tokens, other) - 1)]

    def prewarm(self, messages: Sequence[Mapping[str, str]], cancel: threading.Event | None = None) -> int:
        """Evaluate the start of the next prompt for `messages` now, so the next reply starts sooner.

        Only tokens not already in the KV cache are evaluated, in chunks of PREWARM_CHUNK; `cancel` (or the
        engine closing) is checked between chunks, so a reply asked for meanwhile waits for one chunk at most,
        and keeps whatever was already evaluated. Returns how many tokens were evaluated; 0 when the engine
        is closed or busy writing a reply (that reply fills the cache itself)."""
        if self._llama is None or self._closing.is_set():
            return 0
        try:
            tokens = self.stable_prefix(messages)
        except ModelError:
            if self._llama is None:  # closed meanwhile
                return 0
            raise
        if not self._lock.acquire(blocking=False):
            return 0
        try:
            llama = self._llama
            if llama is None or not tokens or len(tokens) >= llama.n_ctx():
                return 0
            from llama_cpp import llama_synchronize

            cached = _common_prefix(llama._input_ids.tolist(), tokens)
            if cached == len(tokens) or (cancel is not None and cancel.is_set()):
                return 0
            if cached < llama.n_tokens and not llama._ctx.kv_cache_seq_rm(-1, cached, -1):
                llama.reset()  # a model whose cache cannot be cut (recurrent): start over
                cached = 0
            llama.n_tokens = cached
            evaluated = 0
            for start in range(cached, len(tokens), PREWARM_CHUNK):
                if self._closing.is_set() or (cancel is not None and cancel.is_set()):
                    break
                chunk = tokens[start:start + PREWARM_CHUNK]
                llama.eval(chunk)
                # Wait for the chunk to finish (so a cancel is seen within one chunk) and let llama.cpp
                # count it now, not in the next reply's `prompt_evaluated`.
                llama_synchronize(llama._ctx.ctx)
                evaluated += len(chunk)
            return evaluated
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"The model failed while reading the conversation ({exc}).") from exc
        finally:
            self._lock.release()

    @property
    def cached_tokens(self) -> int:
        """How many tokens llama.cpp holds evaluated in its KV cache (0 when closed)."""
        return self._llama.n_tokens if self._llama is not None else 0

    @property
    def evaluated_tokens(self) -> int:
        """How many tokens llama.cpp has evaluated since the model loaded (its own counters)."""
        return _evaluated_tokens(self._llama) if self._llama is not None else 0

    def forget_cache(self) -> None:
        """Drop the KV cache so the next prompt is evaluated in full (benchmarks use this as a baseline)."""
        with self._lock:
            self._require()[0].reset()

    # ---- generation ---------------------------------------------------------------------------------

    def generate(
        self,
        messages: Sequence[Mapping[str, str]],
        sampling: Sampling | None = None,
        cancel: threading.Event | None = None,
    ) -> Generation:
        """Stream a reply to `messages` (system + turns, ending with the person's message)."""
        return self.generate_tokens(self.tokenize(self.render(messages)), sampling, cancel)

    def generate_tokens(
        self, prompt: list[int], sampling: Sampling | None = None, cancel: threading.Event | None = None
    ) -> Generation:
        sampling = sampling or self.default_sampling
        llama, n_ctx = self._require()
        if len(prompt) >= n_ctx:
            raise ModelError("This conversation no longer fits the model's context window.")
        generation = Generation(cancel)
        generation.prompt_tokens = len(prompt)
        generation._pieces = self._stream(llama, n_ctx, prompt, sampling, generation)
        return generation

    def _stream(self, llama, n_ctx: int, prompt: list[int], sampling: Sampling,
                generation: Generation) -> Iterator[str]:
        with self._lock:
            if self._llama is None:
                raise ModelError("The model has been unloaded.")
            llama.set_seed(sampling.seed if sampling.seed is not None else random.randrange(1 << 31))
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            guard = RepetitionGuard()
            vocab = llama._model.vocab
            from llama_cpp import llama_vocab_is_eog

            evaluated_before = _evaluated_tokens(llama)
            reason = FinishReason.LENGTH
            try:
                tokens = llama.generate(
                    prompt,
                    top_k=sampling.top_k,
                    top_p=sampling.top_p,
                    min_p=0.0,
                    temp=sampling.temperature,
                    repeat_penalty=sampling.repeat_penalty,
                )
                for count in range(sampling.max_tokens + 1):
                    if generation.cancelled or self._closing.is_set():
                        reason = FinishReason.CANCELLED
                        break
                    if count == sampling.max_tokens:
                        break
                    if len(prompt) + count >= n_ctx - 1:
                        reason = FinishReason.CONTEXT
                        break
                    token = next(tokens)
                    if count == 0:
                        generation.prompt_evaluated = _evaluated_tokens(llama) - evaluated_before
                    if llama_vocab_is_eog(vocab, token):
                        reason = FinishReason.STOP
                        break
                    generation.token_count += 1
                    piece = decoder.decode(llama.detokenize([token], special=False))
                    if guard.add_token(token) or guard.add_text(piece):
                        reason = FinishReason.REPETITION
                        break
                    if piece:
                        yield piece
                tail = decoder.decode(b"", final=True)
                if tail and reason is not FinishReason.REPETITION:
                    yield tail
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"The model failed while writing its reply ({exc}).") from exc
            finally:
                generation.finish_reason = reason

    def _require(self):
        if self._llama is None:
            raise ModelError("The model has been unloaded.")
        return self._llama, self._llama.n_ctx()


def _evaluated_tokens(llama) -> int:
    from llama_cpp import llama_perf_context

    data = llama_perf_context(llama._ctx.ctx)
    return int(data.n_p_eval) + int(data.n_eval)


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _token_text(llama, token: int) -> str:
    if token < 0:
        return ""
    return llama.detokenize([token], special=True).decode("utf-8", errors="replace")
