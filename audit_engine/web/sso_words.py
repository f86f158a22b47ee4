"""Why a single sign-on was refused, in the page's language: one phrase per refusal kind.
The English is the domain's own (domain/rules/sso.py PLAIN, which the log and the CLI keep);
a test keeps the two equal, so a new kind without words here fails."""

from __future__ import annotations

from audit_engine.languages.current import N_

SSO_WORDS = {
    "state": N_("the sign-in took too long or was started in another window; please start"
                " again"),
    "code": N_("the sign-in could not be completed (it was used already or took too long);"
               " please start again"),
    "audience": N_("the identity provider's answer was meant for another application"),
    "issuer": N_("the answer did not come from the identity provider this site trusts"),
    "signature": N_("the identity provider's answer could not be verified"),
    "clock": N_("the clocks of this site and the identity provider disagree"),
    "nonce": N_("the identity provider's answer does not belong to this sign-in"),
    "email": N_("the identity provider did not tell us your e-mail address"),
    "domain": N_("new accounts are not made here for e-mail addresses at your domain"),
    "no_role": N_("your groups at the identity provider give you no role here"),
    "unreachable": N_("the identity provider could not be reached; please try again later"),
    "provider": N_("the identity provider refused the sign-in"),
    "unknown_provider": N_("this site does not know that identity provider"),
    "deactivated": N_("your account is deactivated"),
    "taken": N_("an account with your e-mail address exists already; sign in with your password"
                " and link the identity provider under Your account, or ask an administrator"),
    "linked_elsewhere": N_("this identity is linked to another account already"),
}
