#!/usr/bin/env bash
# Makes the local certificate authority and one certificate per civicase service (and one for
# the CLI) in DIR (default: $CIVICASE_HOME/certs). Each certificate's common name and SPIFFE URI
# say which service it is; all name localhost / 127.0.0.1. Keeps what already exists.
set -euo pipefail
dir=${1:-${CIVICASE_HOME:-$HOME/.civicase}/certs}
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
if [ ! -f ca.key ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/O=civicase/CN=civicase local CA" -keyout ca.key -out ca.crt 2>/dev/null
fi
for name in store intake routing deadlines supervision auth gateway cli; do
  [ -f "$name.crt" ] && continue
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/O=civicase/CN=$name" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  cat > "$name.ext" <<EXT
subjectAltName=DNS:localhost,IP:127.0.0.1,URI:spiffe://civicase/$name
extendedKeyUsage=serverAuth,clientAuth
keyUsage=digitalSignature,keyEncipherment
EXT
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
    -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
  chmod 600 "$name.key"
done
