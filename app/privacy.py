"""What digicheck stores about a visitor, for how long, and how it goes: the privacy page's table.

Every feature that stores something adds an entry here, naming the database columns it
covers; a test fails when a column of any table is named by no entry, so the privacy page
cannot fall behind the database. Texts are lazy, so the page shows them in its language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from .commands.assessments import FINISHED_DAYS, UNFINISHED_DAYS


@dataclass(frozen=True)
class Stored:
    """One kind of data: what it is, why it is kept, until when, and the columns that hold it."""

    what: LazyString
    why: LazyString
    kept: LazyString
    columns: tuple[str, ...] = ()  # "table.column"; empty for data kept outside the database


_WITH_THE_CHECK = _l("Until the check is deleted (see below).")

# Accounts exist only for consultants, hub staff and operators (docs/accounts.md); firms never have one.
_WITH_THE_ACCOUNT = _l("Until the account is deleted (by an operator: digicheck accounts delete).")
ACCOUNTS: tuple[Stored, ...] = (
    Stored(_l("For consultants and hub staff with an account: the e-mail address, a hash of the password "
              "(argon2, never the password), whether the account is active, whether it belongs to an operator "
              "of the platform, when it was created, and an internal sign-in code that changes on "
              "“sign out everywhere”."),
           _l("To sign in, and to end every session at once."), _WITH_THE_ACCOUNT,
           ("account.id", "account.email", "account.password", "account.active", "account.operator",
            "account.created_at", "account.fs_uniquifier")),
    Stored(_l("The second factor: the secret of the authenticator app (encrypted), recovery codes (encrypted), "
              "and for each passkey its public key, the name you gave it, the kind of device, when it was "
              "created and last used, and a counter the device keeps."),
           _l("To check the code or the passkey when you sign in."), _WITH_THE_ACCOUNT,
           ("account.tf_primary_method", "account.tf_totp_secret", "account.mf_recovery_codes",
            "account.fs_webauthn_user_handle", "passkey.id", "passkey.user_id", "passkey.credential_id",
            "passkey.public_key", "passkey.sign_count", "passkey.transports", "passkey.backup_state",
            "passkey.device_type", "passkey.extensions", "passkey.create_datetime", "passkey.lastuse_datetime",
            "passkey.name", "passkey.usage")),
    Stored(_l("Organisations that use digicheck (name, kind, short name, the states and postcode regions they "
              "serve, how finely and from how many firms on their statistics break down, their entry in the "
              "centre catalogue) and who belongs to them with which role, since when."),
           _l("To decide who may see what."),
           _l("Until the organisation or the account is deleted."),
           ("organisation.id", "organisation.slug", "organisation.name", "organisation.kind",
            "organisation.centre_id", "organisation.states", "organisation.postcode_regions",
            "organisation.region_detail", "organisation.aggregate_threshold",
            "organisation.created_at", "membership.id", "membership.account_id", "membership.organisation_id",
            "membership.role", "membership.created_at")),
    Stored(_l("Statistics of a closed quarter, per hub and for the whole country: how many firms, and per area the "
              "middle score, the middle half and the share at each level, by industry, size and region; only for "
              "groups of at least ten firms, and never anything of a single firm (only firms that agreed to "
              "statistics are counted)."),
           _l("So that a hub can show what its work changes, without anyone learning about one firm."),
           _l("Until the organisation is deleted; the country's figures are kept."),
           ("aggregate_snapshot.id", "aggregate_snapshot.organisation_id", "aggregate_snapshot.questionnaire_id",
            "aggregate_snapshot.quarter", "aggregate_snapshot.threshold", "aggregate_snapshot.region_detail",
            "aggregate_snapshot.firms", "aggregate_snapshot.figures", "aggregate_snapshot.created_at")),
    Stored(_l("Mail waiting to be sent: the address, subject and text of the message, what it is for, when it "
              "was queued, and how often sending it failed (with the mail server's last answer)."),
           _l("So that a page never waits for the mail server, and no mail is lost while the server is down."),
           _l("Until the mail server has taken the message: it is deleted then; also when the firm it is for leaves, "
              "its invitation or round ends, or it could not be delivered for 30 days."),
           ("outgoing_mail.id", "outgoing_mail.recipient", "outgoing_mail.subject", "outgoing_mail.body",
            "outgoing_mail.purpose", "outgoing_mail.created_at", "outgoing_mail.next_attempt_at",
            "outgoing_mail.attempts", "outgoing_mail.last_error", "outgoing_mail.claimed_until",
            "outgoing_mail.konvoi_invitation_id")),
    Stored(_l("API tokens of an organisation: the name its admin gave each, a fingerprint of the secret (never the "
              "secret), what it may read, who made it and when, the day it was last used, and when it was revoked."),
           _l("So that a script of the organisation can read its published statistics, and the admin can see and "
              "revoke its tokens."),
           _l("Until the organisation is deleted; a revoked token a year after it was revoked."),
           ("api_token.id", "api_token.organisation_id", "api_token.name", "api_token.token_hash", "api_token.scope",
            "api_token.created_by_id", "api_token.created_at", "api_token.last_used_on", "api_token.revoked_at")),
    Stored(_l("Invitations: the invited e-mail address, organisation and role, who invited, a fingerprint of the "
              "link, and when it was made, expires and was used."),
           _l("So that the link works once and only for the invited person."),
           _l("Until it is used or expires; the daily purge then deletes it."),
           ("invitation.id", "invitation.token_hash", "invitation.email", "invitation.organisation_id",
            "invitation.role", "invitation.operator", "invitation.invited_by_id", "invitation.created_at",
            "invitation.expires_at", "invitation.used_at")),
    Stored(_l("An organisation's start pages for firms (their address, the checks offered, whether switched on, "
              "when made) and its logo."),
           _l("To show firms the organisation's own start page."),
           _l("Until the organisation is deleted."),
           ("entry_link.id", "entry_link.organisation_id", "entry_link.slug", "entry_link.questionnaires",
            "entry_link.active", "entry_link.created_at", "organisation.logo", "organisation.logo_type")),
    Stored(_l("Workshops a consultant runs: the firm's name as the consultant writes it, the check, language, "
              "day and pace, the firm's profile if the consultant gives it, the join code, who made it, when it "
              "was made and closed, the workshop before it, the page a led workshop has reached, the consultant's "
              "notes to the agreed answers, and when the team's consensus was saved with a short "
              "summary (how many took part, where they disagreed most). The consensus itself is stored like a "
              "check taken online."),
           _l("To run the workshop and let the team join it."),
           _l("Until the organisation deletes it (the participants' answers go 30 days after it closes)."),
           ("workshop.id", "workshop.organisation_id", "workshop.owner_id", "workshop.firm_name",
            "workshop.questionnaire_id", "workshop.questionnaire_version", "workshop.language", "workshop.held_on",
            "workshop.pace", "workshop.profile", "workshop.code", "workshop.revealed", "workshop.created_at",
            "workshop.closed_at", "workshop.previous_id", "workshop.consensus_at", "workshop.summary",
            "workshop.notes", "workshop.opened_page", "assessment.consensus_of_id")),
    Stored(_l("Konvois an organisation runs: the name, the check and its version, the language of the mail, the "
              "join link, who made it, when it was made and closed, and per round its planned days and when it was "
              "opened, reminded and closed."),
           _l("To run the Konvoi's rounds and send its round mail."),
           _l("Until the organisation deletes it or is deleted."),
           ("konvoi.id", "konvoi.organisation_id", "konvoi.owner_id", "konvoi.name", "konvoi.questionnaire_id",
            "konvoi.questionnaire_version", "konvoi.language", "konvoi.join_token", "konvoi.created_at",
            "konvoi.closed_at", "konvoi_round.id", "konvoi_round.konvoi_id", "konvoi_round.number",
            "konvoi_round.planned_on", "konvoi_round.closes_on", "konvoi_round.opened_at", "konvoi_round.reminded_at",
            "konvoi_round.closed_at")),
    Stored(_l("Invitations to a Konvoi by e-mail: the address, the Konvoi, a fingerprint of the invitation's own "
              "join link, and when it was sent."),
           _l("So that the invited firm can join with its own link."),
           _l("Until the firm joins with it, at the latest 30 days after it was sent (digicheck assessments purge)."),
           ("konvoi_invitation.id", "konvoi_invitation.konvoi_id", "konvoi_invitation.email",
            "konvoi_invitation.token_hash", "konvoi_invitation.created_at")),
    Stored(_l("Security events of an organisation: sign-ins and failed sign-ins, invitations, role changes, "
              "disabled accounts; with the time, the account and the organisation, never an IP address or "
              "a password."),
           _l("So that an organisation's administrators can see who used their access (Art. 32 GDPR)."),
           _l("365 days, then the daily purge deletes them."),
           ("audit_event.id", "audit_event.at", "audit_event.event", "audit_event.account_id",
            "audit_event.organisation_id", "audit_event.detail")),
)

STORED: tuple[Stored, ...] = (
    Stored(_l("Your answers to the questions of the check, including any text you type into a free-text field."),
           _l("To work out your results, next steps and matching centres."), _WITH_THE_CHECK,
           ("assessment.answers",)),
    Stored(_l("Your company profile: the answers on the first page of the check (listed below for each check)."),
           _l("To compare like with like and to find centres near you; industry, size class and federal state "
              "are also kept in columns of their own so that comparisons can be counted."),
           _WITH_THE_CHECK, ("assessment.profile", "assessment.industry", "assessment.size_class", "assessment.state")),
    Stored(_l("Which check you take (name, version and a fingerprint of its text), which pages you have sent, "
              "and the language you answered in."),
           _l("So that your answers are always read against the questions you saw, and you can continue where "
              "you stopped."), _WITH_THE_CHECK,
           ("assessment.questionnaire_id", "assessment.questionnaire_version", "assessment.content_hash",
            "assessment.pages_done", "assessment.language")),
    Stored(_l("Your consent: the version of the consent text you agreed to, whether you also agreed to "
              "statistics, and when."),
           _l("To prove what you agreed to, and to count your result in comparisons only if you said yes."),
           _WITH_THE_CHECK,
           ("assessment.consent_version", "assessment.consent_statistics", "assessment.consented_at")),
    Stored(_l("Dates: when you started, last changed and completed the check, and your last visit."),
           _l("To delete the check on time."), _WITH_THE_CHECK,
           ("assessment.created_at", "assessment.updated_at", "assessment.completed_at", "assessment.last_visit")),
    Stored(_l("A fingerprint (SHA-256 hash) of your private link, never the link itself."),
           _l("To find your check when you open the link, without anyone who sees the database being able to "
              "open it."), _WITH_THE_CHECK, ("assessment.token_hash",)),
    Stored(_l("If you take the check again: which of your earlier checks the new one follows."),
           _l("To show your results before and after side by side."), _WITH_THE_CHECK, ("assessment.previous_id",)),
    Stored(_l("If you started the check from an organisation's start page: which organisation."),
           _l("To offer you to share your result with it; it sees nothing unless you do."), _WITH_THE_CHECK,
           ("assessment.organisation_id", "result.organisation_id")),
    Stored(_l("If you take part in a consultant's workshop: which workshop, and the role you chose to give (it is "
              "shown to the consultant only as a count per role)."),
           _l("To show the team its picture together, and the consultant where the team agrees and disagrees."),
           _l("With the workshop, at the latest 30 days after it is closed."),
           ("assessment.workshop_id", "assessment.participant_role")),
    Stored(_l("If your firm is a member of a Konvoi: the name it chose for the group, the e-mail address for the "
              "round mail if it gave one, what it agreed to and when it joined, and a fingerprint of its membership "
              "link; per round its check, what it chose to show the group (nothing, levels or points) and its two "
              "progress notes; which round a check belongs to; and mail waiting to go to it."),
           _l("So that the firm takes each round's check and the group sees only what the firm chose to show."),
           _l("Until the firm leaves the Konvoi (on its own page): then the name, address, notes, choices and "
              "waiting mail are deleted, and its checks too unless it agreed to anonymous statistics; otherwise "
              "until the organisation deletes the Konvoi."),
           ("konvoi_member.id", "konvoi_member.konvoi_id", "konvoi_member.token_hash", "konvoi_member.display_name",
            "konvoi_member.email", "konvoi_member.consent_version", "konvoi_member.consent_statistics",
            "konvoi_member.joined_at", "konvoi_entry.id", "konvoi_entry.member_id", "konvoi_entry.round_id",
            "konvoi_entry.assessment_id", "konvoi_entry.sharing", "konvoi_entry.done_note", "konvoi_entry.next_note",
            "konvoi_entry.updated_at", "assessment.konvoi_round_id", "outgoing_mail.konvoi_member_id")),
    Stored(_l("If you share your result with an organisation: with which one, since when, and the name and "
              "contact you chose to give."),
           _l("So that its consultants can see your result and prepare a meeting with you."),
           _l("Until you stop sharing on your results page, or the check is deleted."),
           ("share.id", "share.assessment_id", "share.organisation_id", "share.contact_name", "share.contact",
            "share.created_at")),
    Stored(_l("The PDF report once you have downloaded it, in each language you asked for."),
           _l("So that downloading it again is quick."),
           _l("Until the check is deleted, or replaced when its content changes."),
           ("report.id", "report.assessment_id", "report.language", "report.fingerprint", "report.pdf",
            "report.created_at")),
    Stored(_l("Your results, once the check is complete: the points per area and overall with the level, and what "
              "they are compared by: which check and version, industry, size class, federal state, postcode area, "
              "the quarter of the year you completed it, whether it was answered in a workshop, the earlier check "
              "it follows, your statistics choice and the demo mark."),
           _l("So that comparisons with similar companies are counted from stored results instead of working out "
              "every company's results again on every page."),
           _l("Until the check is deleted: the results are deleted with it."),
           ("result.assessment_id", "result.questionnaire_id", "result.questionnaire_version", "result.industry",
            "result.size_class", "result.state", "result.postcode_region", "result.quarter", "result.source",
            "result.previous_id", "result.consent_statistics", "result.demo", "result.score", "result.level_id",
            "result.completed_at", "result_dimension.assessment_id", "result_dimension.dimension_id",
            "result_dimension.score", "result_dimension.level_id")),
    Stored(_l("Only if you agreed to statistics: your points are counted (as one in a tally, not linked to your "
              "check) in a table of how many companies of the same check, industry and size class reached each "
              "tenth of a point."),
           _l("To show the middle half of similar companies without reading everyone's results."),
           _l("Until the check is deleted: your count is then taken out."),
           ("score_histogram.questionnaire_id", "score_histogram.questionnaire_version", "score_histogram.industry",
            "score_histogram.size_class", "score_histogram.demo", "score_histogram.dimension_id",
            "score_histogram.bucket", "score_histogram.count")),
    Stored(_l("Technical fields: an internal number for each check, and a mark for made-up demonstration "
              "data (never set for a real check)."),
           _l("To keep the records apart."), _WITH_THE_CHECK, ("assessment.id", "assessment.demo")),
    Stored(_l("A cookie in your browser with the language you chose and a security code for the forms; if you "
              "leave a page with “Back” while a value you typed there is not valid, that value too, until you "
              "send the page again."),
           _l("To show the pages in your language, to refuse forms sent from other websites, and to show an "
              "invalid value again with its message."),
           _l("Until you close the browser.")),
    # app/limits.py: Flask-Limiter's counters in Redis (or the app's memory), outside the database.
    Stored(_l("Counters of how often a check was started from your IP address and how often pages were sent "
              "through your private link, kept under a fingerprint (a keyed hash from which neither the address "
              "nor the link can be recovered); also when the consent form is sent without agreeing."),
           _l("To slow down automated mass requests that would fill or overload the service (legitimate interest "
              "in a working service, Art. 6(1)(f) GDPR)."),
           _l("Until the counting period ends: at most one day with the standard settings.")),
    # app/metrics.py: Prometheus counters in the app's memory (or files of PROMETHEUS_MULTIPROC_DIR), outside the database.
    Stored(_l("Counts that say nothing about you: how many requests each kind of page received (by the pattern of "
              "its address, never the address itself or your private link), how long they took, how many answers "
              "were saved, and how often workshop screens asked for news; no IP address, link or answer."),
           _l("To see whether the service works and how quickly it answers."),
           _l("Until the service restarts; the operator's monitoring may keep the totals longer.")),
    *ACCOUNTS,
)

# Columns that exist but stay empty until the feature that fills them adds its entry above.
RESERVED_COLUMNS: frozenset[str] = frozenset()

NOT_STORED = _l("Not stored about companies taking the check: names, e-mail addresses, telephone numbers, your "
                "address or full postcode, and IP addresses (for the request counters only a fingerprint). "
                "digicheck loads nothing from other servers, uses no trackers and passes nothing on.")


def retention_days() -> tuple[int, int]:
    """(unfinished, finished): the periods `digicheck assessments purge` applies, counted from the last visit."""
    return UNFINISHED_DAYS, FINISHED_DAYS
