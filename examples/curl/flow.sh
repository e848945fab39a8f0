#!/bin/sh
# AWS role → Azure Key Vault secret with nothing but curl, against a running fedlab.
#
#   npm start                              # terminal 1: writes .fedlab/urls.json
#   sh examples/curl/flow.sh               # terminal 2
#   sh examples/curl/flow.sh path/to/urls.json     # another fedlab (--state-dir DIR => DIR/urls.json)
#
# Needs curl >= 7.75 (--aws-sigv4) and node (only to read JSON). The defaults are the identifiers of
# fedlab's embedded configuration; override them with the variables below.
set -eu

URLS_FILE=${1:-${FEDLAB_URLS_FILE:-.fedlab/urls.json}}
ACCESS_KEY_ID=${FEDLAB_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE}
SECRET_ACCESS_KEY=${FEDLAB_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
REGION=${FEDLAB_REGION:-us-east-1}
TENANT_ID=${FEDLAB_TENANT_ID:-8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10}
CLIENT_ID=${FEDLAB_CLIENT_ID:-4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71}
SECRET_NAME=${FEDLAB_SECRET_NAME:-demo-secret}

if [ ! -f "$URLS_FILE" ]; then
  echo "flow.sh: no urls file at $URLS_FILE (is 'npm start' running? else pass the file)" >&2
  exit 2
fi

# json_field FILE EXPRESSION: one value of a JSON document ('-' reads stdin), e.g. json_field urls.json .vault.url
json_field() {
  node -e 'const fs = require("fs"); const doc = JSON.parse(fs.readFileSync(process.argv[1] === "-" ? 0 : process.argv[1], "utf8"));
           const value = process.argv[2].split(".").slice(1).reduce((v, k) => (v == null ? v : v[k]), doc);
           if (value == null) { console.error("flow.sh: no " + process.argv[2] + " in " + JSON.stringify(doc)); process.exit(1); }
           console.log(value);' "$1" "$2"
}

# request STEP CURL-ARGS...: prints the response body; on an HTTP error, shows the body and stops.
request() {
  step=$1
  shift
  if ! body=$(curl -sS --fail-with-body "$@"); then
    echo "flow.sh: $step failed: $body" >&2
    exit 1
  fi
  printf '%s' "$body"
}

AWS_ENDPOINT=$(json_field "$URLS_FILE" .aws.endpoint)
AUTHORITY_HOST=$(json_field "$URLS_FILE" .entra.authorityHost)
VAULT_URL=$(json_field "$URLS_FILE" .vault.url)
CA_FILE=$(json_field "$URLS_FILE" .ca)

echo "1. AWS STS GetWebIdentityToken at $AWS_ENDPOINT (SigV4-signed by curl)" >&2
STS_RESPONSE=$(request "STS GetWebIdentityToken" \
  --aws-sigv4 "aws:amz:$REGION:sts" --user "$ACCESS_KEY_ID:$SECRET_ACCESS_KEY" \
  --data-urlencode Action=GetWebIdentityToken --data-urlencode Version=2011-06-15 \
  --data-urlencode Audience.member.1=api://AzureADTokenExchange --data-urlencode SigningAlgorithm=RS256 \
  --data-urlencode DurationSeconds=300 \
  "$AWS_ENDPOINT/")
AWS_TOKEN=$(printf '%s' "$STS_RESPONSE" | sed -n 's:.*<WebIdentityToken>\(.*\)</WebIdentityToken>.*:\1:p')
echo "   AWS web identity token: ${#AWS_TOKEN} characters" >&2

echo "2. Entra token endpoint: client_credentials with the AWS token as client_assertion" >&2
ENTRA_RESPONSE=$(request "Entra token request" --cacert "$CA_FILE" \
  --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
  --data-urlencode "client_assertion=$AWS_TOKEN" \
  --data-urlencode scope=https://vault.azure.net/.default \
  "$AUTHORITY_HOST/$TENANT_ID/oauth2/v2.0/token")
ACCESS_TOKEN=$(printf '%s' "$ENTRA_RESPONSE" | json_field - .access_token)
echo "   Entra access token for https://vault.azure.net: ${#ACCESS_TOKEN} characters" >&2

echo "3. Key Vault GET $VAULT_URL/secrets/$SECRET_NAME with the bearer token" >&2
SECRET_RESPONSE=$(request "Key Vault get secret" --cacert "$CA_FILE" \
  -H "Authorization: Bearer $ACCESS_TOKEN" \
  "$VAULT_URL/secrets/$SECRET_NAME?api-version=7.5")
echo "$SECRET_NAME: $(printf '%s' "$SECRET_RESPONSE" | json_field - .value)"
