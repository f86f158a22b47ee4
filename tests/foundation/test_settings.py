from pathlib import Path

import pytest

from audit_engine.bootstrap.settings import describe, load_settings, mask_url
from audit_engine.domain.errors import InvalidInput


def test_defaults_keep_everything_under_var():
    settings = load_settings({})
    assert settings.home == Path("var")
    assert settings.effective_database_url.endswith("var/audit-engine.sqlite3")
    assert settings.evidence_dir == Path("var/evidence")


def test_environment_overrides_toml(tmp_path):
    config = tmp_path / "ae.toml"
    config.write_text('user = "toml@example.com"\nsmtp_port = 2525\n')
    env = {"AUDIT_ENGINE_CONFIG": str(config), "AUDIT_ENGINE_USER": "env@example.com"}
    settings = load_settings(env)
    assert settings.user == "env@example.com"
    assert settings.smtp_port == 2525
    assert settings.config_file == config


def test_toml_in_home_is_read_without_naming_it(tmp_path):
    (tmp_path / "audit-engine.toml").write_text('mail_transport = "console"\n')
    assert load_settings({"AUDIT_ENGINE_HOME": str(tmp_path)}).mail_transport == "console"


def test_checklist_dirs_split_on_pathsep(tmp_path):
    settings = load_settings({"AUDIT_ENGINE_CHECKLIST_DIRS": f"{tmp_path}/a:{tmp_path}/b"})
    assert settings.checklist_dirs == (tmp_path / "a", tmp_path / "b")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AUDIT_ENGINE_SMTP_PORT": "twenty"}, "setting smtp_port: 'twenty' is not a valid int"),
        ({"AUDIT_ENGINE_CONFIG": "/nonexistent.toml"}, "AUDIT_ENGINE_CONFIG: no such file"),
        ({"AUDIT_ENGINE_DATABASE_CONNECTIONS": "0"}, "setting database_connections: 0 is outside"),
    ],
)
def test_bad_settings_name_the_setting(env, message):
    with pytest.raises(InvalidInput, match=message):
        load_settings(env)


def test_unknown_toml_key_is_refused(tmp_path):
    config = tmp_path / "ae.toml"
    config.write_text('smtp_hots = "x"\n')
    with pytest.raises(InvalidInput, match="unknown setting 'smtp_hots'"):
        load_settings({"AUDIT_ENGINE_CONFIG": str(config)})


def test_secrets_are_masked():
    settings = load_settings(
        {
            "AUDIT_ENGINE_SMTP_PASSWORD": "hunter2",
            "AUDIT_ENGINE_DATABASE_URL": "postgresql+psycopg://app:s3cret@db:5432/audits",
        }
    )
    shown = describe(settings)
    assert "hunter2" not in str(shown) and "s3cret" not in str(shown)
    assert shown["database_url"] == "postgresql+psycopg://app:********@db:5432/audits"


def test_mask_url_leaves_passwordless_urls_alone():
    assert mask_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
