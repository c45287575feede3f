#!/bin/sh
# The entrypoint of both services' images (Jib, profile image; README, "Images"). Tokens are verified
# as ./ledger verifies them: with the identity provider named in LEDGER_JWT_ISSUER_URI or
# LEDGER_JWT_JWK_SET_URI, else with the public key mounted at /keys/jwt-public.pem. The JVM settings
# are in the image (JAVA_TOOL_OPTIONS); LEDGER_JAVA_OPTS adds to them.
set -eu
if [ -n "${LEDGER_JWT_ISSUER_URI:-}" ]; then
  jwt="--spring.security.oauth2.resourceserver.jwt.issuer-uri=$LEDGER_JWT_ISSUER_URI"
elif [ -n "${LEDGER_JWT_JWK_SET_URI:-}" ]; then
  jwt="--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=$LEDGER_JWT_JWK_SET_URI"
else
  jwt="--spring.security.oauth2.resourceserver.jwt.public-key-location=file:/keys/jwt-public.pem"
fi
# Jib writes the class path and the main class of the service beside the layers
# shellcheck disable=SC2086 # LEDGER_JAVA_OPTS holds several options
exec java ${LEDGER_JAVA_OPTS:-} -cp @/app/jib-classpath-file @/app/jib-main-class-file "$jwt"
