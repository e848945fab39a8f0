"""A Python program configured for production: no endpoint, authority or vault overrides.

Only the environment (`fedlab env`, AWS_* and AZURE_*) sends it to fedlab: boto3 and requests read
HTTPS_PROXY, AWS_CA_BUNDLE and REQUESTS_CA_BUNDLE; azure-core's transport is requests.
"""
import base64
import json
import os

import boto3
import msal
from azure.identity import ClientAssertionCredential
from azure.keyvault.secrets import SecretClient

sts = boto3.client("sts", region_name=os.environ["AWS_REGION"])


def aws_token():
    return sts.get_web_identity_token(Audience=["api://AzureADTokenExchange"], SigningAlgorithm="RS256")["WebIdentityToken"]


def claims(jwt):
    body = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


tenant, client_id = os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"]
token = aws_token()
app = msal.ConfidentialClientApplication(client_id, authority=f"https://login.microsoftonline.com/{tenant}", client_credential={"client_assertion": token})
graph = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
if "access_token" not in graph:
    raise SystemExit(f"msal: {graph}")
credential = ClientAssertionCredential(tenant, client_id, aws_token)
secret = SecretClient(os.environ["VAULT_URL"], credential).get_secret("demo-secret")
print(json.dumps({"issuer": claims(token)["iss"], "graphIssuer": claims(graph["access_token"])["iss"], "value": secret.value}))
