/**
 * Chapter 3 — Apache: the web server installs httpd at first boot and starts it at every
 * boot. Amazon Linux 2023: dnf, package `httpd`.
 */
export function webUserData(lab: string): string {
  return `#!/bin/bash
# aws-lab-setup: web server of lab "${lab}" (chapter 3: Apache)
set -u
# The network may need a moment at first boot: try the install a few times.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  dnf install -y httpd && break
  sleep 10
done
cat > /var/www/html/index.html <<'PAGE'
<!doctype html>
<html><head><meta charset="utf-8"><title>${lab}</title></head>
<body><h1>${lab}</h1><p>Apache on Amazon Linux 2023, set up by aws-lab-setup.</p></body></html>
PAGE
systemctl enable --now httpd
`;
}
