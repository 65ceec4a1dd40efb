from django.urls import path

from shared.sso import views

app_name = "sso"

urlpatterns = [
    path("accounts/sso/login/", views.login_start, name="login"),
    path("accounts/sso/oidc/callback/", views.oidc_callback, name="oidc-callback"),
    path("accounts/sso/saml/acs/", views.saml_acs, name="saml-acs"),
    path("accounts/sso/saml/finish/", views.saml_finish, name="saml-finish"),
    path("accounts/sso/saml/metadata/", views.saml_metadata, name="saml-metadata"),
    path("installningar/inloggning/", views.settings_page, name="settings"),
    path("installningar/inloggning/test/", views.test_start, name="test"),
]
