#!/usr/bin/env bash
# Mutation testing of the rule modules with mutmut 3 (pip install mutmut; in the `dev` extra).
#
#   scripts/mutation.sh [MODULE ...]        e.g. scripts/mutation.sh escalation invitations
#   scripts/mutation.sh --results            list the last run's surviving mutants
#
# MODULE is one of: escalation, access, roles, invitations, retention, erasure, pii (default:
# all but pii). Each module is mutated with only the test files that state its rules (the
# table below), one test process at a time (--max-children 1).
#
# Why a script: mutmut copies the mutated sources into ./mutants/ and puts that folder first on
# sys.path, so it expects the import path to match the folder layout. This repository installs
# casework/, patterns/ and learning/ as leernetwerk.casework, .patterns and .learning
# (setup.py package_dir, editable install), which mutmut cannot map. The script therefore
# builds a shadow tree outside the checkout (default /tmp/leernetwerk-mutation, or
# $MUTATION_DIR) in the installed layout — leernetwerk/{kernel,casework,patterns,learning} —
# next to copies of tests/, site/, templates/, static/ and pyproject.toml, and runs mutmut
# there. Nothing is written into the checkout; mutants/ lives in the shadow tree.
# (In the checkout, mutants/ and .mutmut-cache are ignored by .gitignore all the same.)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${MUTATION_DIR:-/tmp/leernetwerk-mutation}"
MUTMUT="${MUTMUT:-$ROOT/.venv/bin/mutmut}"

# module -> "source files (shadow layout) | test files"
declare -A SOURCES=(
    [escalation]="leernetwerk/patterns/escalation.py"
    [access]="leernetwerk/kernel/access.py"
    [roles]="leernetwerk/kernel/roles.py"
    [invitations]="leernetwerk/kernel/members/invitations.py leernetwerk/kernel/members/invitation_views.py"
    [retention]="leernetwerk/casework/services.py"
    [erasure]="leernetwerk/kernel/members/privacy.py"
    [pii]="leernetwerk/kernel/pii.py"
)
declare -A TESTS=(
    [escalation]="tests/test_escalation_ladder_literal.py::test_the_buttons_each_table_offers tests/test_escalation_ladder_literal.py::test_a_status_nobody_knows_offers_nothing tests/test_escalation_ladder_literal.py::test_the_buttons_say_what_they_do"
    [access]="tests/test_member_management_rules.py tests/site/test_setup.py::test_roles_cost_one_query_per_request tests/test_mutation_access_literal.py"
    [roles]="tests/site/test_setup.py tests/test_mutation_roles_literal.py"
    [invitations]="tests/test_invitations_pending.py tests/casework/test_invitations.py tests/test_mutation_invitations_literal.py"
    [retention]="tests/test_retention_fields.py tests/casework/test_retention.py tests/test_mutation_retention_literal.py"
    [erasure]="tests/casework/test_member_privacy.py tests/test_mutation_erasure_literal.py"
    [pii]="tests/casework/test_pii.py tests/test_guard_bypasses.py tests/test_mutation_pii_literal.py"
)
# Only these functions of a module are mutated (mutmut mutant-name globs); empty: all.
declare -A FUNCTIONS=(
    [invitations]="leernetwerk.kernel.members.invitations.x_may_invite__mutmut_* leernetwerk.kernel.members.invitations.x_allowed_roles__mutmut_* leernetwerk.kernel.members.invitations.x__open_invitations__mutmut_* leernetwerk.kernel.members.invitations.x_invitation_from_token__mutmut_* leernetwerk.kernel.members.invitations.x_invitation_resend__mutmut_* leernetwerk.kernel.members.invitations.x_invitation_revoke__mutmut_* leernetwerk.kernel.members.invitation_views.x__state_filter__mutmut_*"
    [erasure]="leernetwerk.kernel.members.privacy.x_pseudonym_code__mutmut_* leernetwerk.kernel.members.privacy.x_member_pseudonym__mutmut_* leernetwerk.kernel.members.privacy.x__erased_username__mutmut_* leernetwerk.kernel.members.privacy.x_may_confirm_erasure__mutmut_* leernetwerk.kernel.members.privacy.x_open_erasure_request__mutmut_* leernetwerk.kernel.members.privacy.x__old_identifiers__mutmut_* leernetwerk.kernel.members.privacy.x__erase__mutmut_* leernetwerk.kernel.members.privacy.x__scrub_notifications__mutmut_* leernetwerk.kernel.members.privacy.x__scrub_invitations__mutmut_* leernetwerk.kernel.members.privacy.x__replace_in__mutmut_*"
    [pii]="leernetwerk.kernel.pii.x_normalise__mutmut_* leernetwerk.kernel.pii.x__find_bsns__mutmut_* leernetwerk.kernel.pii.x__find_ibans__mutmut_* leernetwerk.kernel.pii.x__find_phones__mutmut_* leernetwerk.kernel.pii.x__is_house_number__mutmut_* leernetwerk.kernel.pii.x__is_street_name__mutmut_* leernetwerk.kernel.pii.x__resolve_overlaps__mutmut_* leernetwerk.kernel.pii.x_privacy_check__mutmut_*"
    [retention]="leernetwerk.casework.services.x_case_anonymise__mutmut_* leernetwerk.casework.services.x_cases_apply_retention__mutmut_* leernetwerk.casework.services.x__forget_unused_tags__mutmut_*"
)

if [[ "${1:-}" == "--results" ]]; then
    cd "$WORK" && exec "$MUTMUT" results
fi
MODULES=("$@")
[[ ${#MODULES[@]} -gt 0 ]] || MODULES=(escalation access roles invitations retention erasure)

shadow() {
    rm -rf "$WORK"
    mkdir -p "$WORK"
    cp -a "$ROOT/leernetwerk" "$WORK/leernetwerk"
    for app in casework patterns learning; do
        cp -a "$ROOT/$app" "$WORK/leernetwerk/$app"
    done
    for path in tests site templates static pyproject.toml; do
        [[ -e "$ROOT/$path" ]] && cp -a "$ROOT/$path" "$WORK/$path"
    done
    find "$WORK" -name __pycache__ -prune -exec rm -rf {} +
}

for module in "${MODULES[@]}"; do
    [[ -n "${SOURCES[$module]:-}" ]] || { echo "unknown module: $module" >&2; exit 2; }
    echo "== $module: ${SOURCES[$module]}"
    shadow
    # The run's configuration, appended to the shadow copy of pyproject.toml.
    {
        echo
        echo "[tool.mutmut]"
        echo "source_paths = [\"leernetwerk\"]"
        printf 'only_mutate = ['
        printf '"%s", ' ${SOURCES[$module]}
        echo ']'
        printf 'pytest_add_cli_args_test_selection = ['
        printf '"%s", ' ${TESTS[$module]}
        echo ']'
        # One process, no xdist, our own test database (made once, by the first run, not
        # migrated again for every mutant); quiet.
        echo 'pytest_add_cli_args = ["-p", "no:cacheprovider", "-n", "0", "-q", "--reuse-db"]'
        echo 'also_copy = ["site", "templates", "static"]'
        echo 'use_git_change_detection = false'
        # mutmut's time limit is (test call time + constant) x 15; the call time leaves out the
        # fixtures (the page tree, the setup run), so 1 s calls healthy mutants "timeout".
        echo "timeout_constant = ${MUTMUT_TIMEOUT_CONSTANT:-8.0}"
    } >> "$WORK/pyproject.toml"
    (
        cd "$WORK"
        export LEERNETWERK_TEST_DB_DIR="$WORK/.test-db"
        # shellcheck disable=SC2086
        # (the progress spinner filtered out of the log)
        "$MUTMUT" run --max-children 1 ${FUNCTIONS[$module]:-} 2>&1 \
            | tr '\r' '\n' | grep -v '[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]' || true
        "$MUTMUT" results --all true > "$WORK/results-$module.txt" 2>&1 || "$MUTMUT" results > "$WORK/results-$module.txt" 2>&1 || true
        if [[ -f mutants/mutmut-cicd-stats.json ]] || "$MUTMUT" export-cicd-stats >/dev/null 2>&1; then
            cp mutants/mutmut-cicd-stats.json "$WORK/stats-$module.json" 2>/dev/null || true
            cat "$WORK/stats-$module.json" 2>/dev/null || true
            echo
        fi
    )
    echo "   surviving mutants: $WORK/results-$module.txt (inspect one: cd $WORK && $MUTMUT show NAME)"
done
