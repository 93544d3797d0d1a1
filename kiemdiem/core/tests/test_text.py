"""Vietnamese names: normalization, splitting, sort order and diacritic-insensitive folding."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.core import text


def by_name(*names: str) -> list[str]:
    def key(full: str) -> str:
        parts, _ = text.split_full_name(full)
        return text.person_sort_key(parts.family_name, parts.middle_name, parts.given_name)

    return sorted(names, key=key)


def test_normalize_composes_decomposed_input_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert text.normalize_text(decomposed) == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", text.normalize_text(decomposed))


def test_normalize_collapses_non_breaking_and_repeated_spaces_and_keeps_case():
    assert text.normalize_text("  NGUYỄN\u00a0\u00a0văn   An \t") == "NGUYỄN văn An"


def test_the_eth_look_alike_left_by_old_encodings_becomes_d_with_stroke():
    assert text.normalize_text("\u00d0ặng Văn \u00d0ức") == "Đặng Văn Đức"
    assert text.normalize_text("Lê Thị \u00f0ào") == "Lê Thị đào"
    assert text.fold("\u00d0ặng") == "dang"


def test_invisible_characters_pasted_into_a_name_are_dropped():
    pasted = "\ufeffNguyễn\u00ad Văn\u200b An\u200d"
    assert text.normalize_text(pasted) == "Nguyễn Văn An"
    assert text.person_sort_key("Nguyễn", "Văn", "An\u200b") == text.person_sort_key(
        "Nguyễn", "Văn", "An"
    )


def test_a_name_typed_in_capitals_sorts_beside_the_same_name_in_mixed_case():
    names = by_name("NGUYỄN VĂN AN", "Trần Văn Bình", "Nguyễn Văn An", "Lê Văn Ân")
    assert names == ["Nguyễn Văn An", "NGUYỄN VĂN AN", "Lê Văn Ân", "Trần Văn Bình"]


def test_split_puts_first_word_in_family_last_in_given_rest_in_middle():
    parts, single = text.split_full_name("Tôn Nữ Thị Hồng Nhung")
    assert (parts.family_name, parts.middle_name, parts.given_name) == (
        "Tôn",
        "Nữ Thị Hồng",
        "Nhung",
    )
    assert single is False


def test_split_two_word_name_has_no_middle_name():
    parts, _ = text.split_full_name("Lê Na")
    assert (parts.family_name, parts.middle_name, parts.given_name) == ("Lê", "", "Na")


def test_split_one_word_name_is_given_name_only_with_a_warning():
    parts, single = text.split_full_name("Hùng")
    assert parts.given_name == "Hùng"
    assert parts.family_name == ""
    assert single is True


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("nguyen van an", "Nguyễn Văn An"),
        ("NGUYEN VAN AN", "Nguyễn Văn An"),
        ("dang thi dao", "Đặng Thị Đào"),
        ("đặng", "Dang"),
        ("thuy", "Thủy"),
        ("thuy", "Thuỷ"),
        ("ngo quang vu", "Ngô\u00a0Quang  Vũ"),
    ],
)
def test_folded_forms_match_with_or_without_diacritics(typed, stored):
    assert text.fold(typed) == text.fold(stored)


def test_fold_of_decomposed_text_equals_fold_of_composed_text():
    assert text.fold(unicodedata.normalize("NFD", "Trương Ưng Ơn")) == "truong ung on"


def test_people_sort_by_given_name_first():
    assert by_name("Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Cúc") == [
        "Nguyễn Văn An",
        "Trần Văn Bình",
        "Lê Thị Cúc",
    ]


def test_same_given_name_sorts_by_family_then_middle_name():
    assert by_name("Trần Văn An", "Nguyễn Văn An", "Nguyễn Đức An") == [
        "Nguyễn Đức An",
        "Nguyễn Văn An",
        "Trần Văn An",
    ]


def test_breve_and_circumflex_letters_sort_after_plain_a():
    assert by_name("Lê Văn Ân", "Lê Văn Ăn", "Lê Văn An", "Lê Văn Bảo") == [
        "Lê Văn An",
        "Lê Văn Ăn",
        "Lê Văn Ân",
        "Lê Văn Bảo",
    ]


def test_d_with_stroke_sorts_after_d_and_before_e():
    assert by_name("Lê Văn Em", "Lê Văn Đức", "Lê Văn Dũng") == [
        "Lê Văn Dũng",
        "Lê Văn Đức",
        "Lê Văn Em",
    ]


def test_horned_and_circumflexed_vowels_sort_in_alphabet_place():
    assert by_name(
        "Lê Văn Ưng", "Lê Văn Uy", "Lê Văn Vân", "Lê Văn Ơn", "Lê Văn Ôn", "Lê Văn On"
    ) == [
        "Lê Văn On",
        "Lê Văn Ôn",
        "Lê Văn Ơn",
        "Lê Văn Uy",
        "Lê Văn Ưng",
        "Lê Văn Vân",
    ]


def test_tone_marks_are_a_secondary_key_in_the_order_none_huyen_hoi_nga_sac_nang():
    assert by_name(
        "Lê Văn Ạn", "Lê Văn Án", "Lê Văn Ãn", "Lê Văn Ản", "Lê Văn Àn", "Lê Văn An"
    ) == [
        "Lê Văn An",
        "Lê Văn Àn",
        "Lê Văn Ản",
        "Lê Văn Ãn",
        "Lê Văn Án",
        "Lê Văn Ạn",
    ]


def test_letters_decide_before_tones():
    # "Ánh" has a tone, "Anh" none, but both come before "Ba" and after "An".
    assert by_name("Lê Văn Ba", "Lê Văn Ánh", "Lê Văn An", "Lê Văn Anh") == [
        "Lê Văn An",
        "Lê Văn Anh",
        "Lê Văn Ánh",
        "Lê Văn Ba",
    ]


def test_old_and_new_tone_placement_sort_the_same():
    parts = ("Phạm", "Thị")
    assert text.person_sort_key(*parts, "Thủy") == text.person_sort_key(*parts, "Thuỷ")


def test_f_j_w_z_sit_in_their_latin_places():
    assert by_name("Lê Văn Giang", "Lê Văn Florence", "Lê Văn Ê") == [
        "Lê Văn Ê",
        "Lê Văn Florence",
        "Lê Văn Giang",
    ]


def test_identical_names_sort_by_date_of_birth_earlier_first():
    older = text.person_sort_key("Nguyễn", "Văn", "An", datetime.date(1970, 5, 1))
    younger = text.person_sort_key("Nguyễn", "Văn", "An", datetime.date(1985, 1, 1))
    assert older < younger


def test_case_is_the_last_tie_breaker():
    assert text.person_sort_key("nguyễn", "văn", "an") < text.person_sort_key("Nguyễn", "Văn", "An")


def test_sort_key_is_digits_only_so_every_collation_agrees():
    assert text.person_sort_key("Nguyễn", "Ngọc Bảo", "Trâm", datetime.date(1990, 1, 2)).isdigit()


VIETNAMESE_WORDS = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ",
    min_size=1,
    max_size=8,
)


@given(st.lists(VIETNAMESE_WORDS, min_size=1, max_size=4))
def test_fold_is_idempotent_and_ascii(words):
    folded = text.fold(" ".join(words))
    assert text.fold(folded) == folded
    assert folded.isascii()


@given(VIETNAMESE_WORDS, VIETNAMESE_WORDS)
def test_equal_sort_keys_mean_the_same_letters(first, second):
    if text.name_part_key(first) == text.name_part_key(second):
        assert text.fold(first) == text.fold(second)
    if text.normalize_text(first) == text.normalize_text(second):
        assert text.name_part_key(first) == text.name_part_key(second)


@given(VIETNAMESE_WORDS)
def test_sort_key_ignores_unicode_normalization_form(word):
    assert text.name_part_key(unicodedata.normalize("NFD", word)) == text.name_part_key(word)
