"""The interface is Vietnamese by default, whatever the browser asks for; English on request."""

from django.test import Client


def test_an_english_browser_still_gets_the_vietnamese_interface(db):
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert 'lang="vi"' in page.content.decode()
    assert "Đăng nhập" in page.content.decode()


def test_the_language_switch_gives_english(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert 'lang="en"' in page
    assert "Đăng nhập" not in page
