from app.model.repetition import RepetitionGuard


def _feed_tokens(tokens: list[int]) -> bool:
    guard = RepetitionGuard()
    return any(guard.add_token(t) for t in tokens)


def test_a_repeated_phrase_is_a_loop() -> None:
    assert _feed_tokens([1, 2, 3] + [10, 11, 12, 13, 14, 15] * 6)


def test_a_single_token_repeated_is_a_loop() -> None:
    assert _feed_tokens([5] * 40)


def test_ordinary_varied_text_is_not_a_loop() -> None:
    assert not _feed_tokens(list(range(500)))


def test_short_repetition_is_allowed() -> None:
    assert not _feed_tokens([7, 8, 7, 8, 7, 8, 9, 10, 11])


def test_the_same_line_written_three_times_is_a_loop() -> None:
    guard = RepetitionGuard()
    for _ in range(2):
        guard.add_text("Take a deep breath.\n")
    assert not guard.looping
    guard.add_text("Take a  deep breath.\n")
    assert guard.looping


def test_different_lines_are_fine() -> None:
    guard = RepetitionGuard()
    for i in range(20):
        guard.add_text(f"Step {i}: do something.\n")
    assert not guard.looping
