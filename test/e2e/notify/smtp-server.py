#!/usr/bin/python3
# A mail server for the notification tests (Debian's python3-aiosmtpd): STARTTLS
# with the given certificate, AUTH required (only over TLS) against one
# user/password, each accepted message appended to OUT as a JSON line.
# Usage: smtp-server.py PORT CERT KEY USER PASSWORD OUT
import asyncio, json, ssl, sys
from email import message_from_bytes, policy
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

port, cert, key, user, password, out = sys.argv[1:7]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.original_content, policy=policy.default)
        record = {"from": envelope.mail_from, "to": envelope.rcpt_tos, "subject": str(msg["subject"]),
                  "body": msg.get_content(), "tls": session.ssl is not None,
                  "authenticated": session.authenticated}
        with open(out, "a") as f:
            f.write(json.dumps(record) + "\n")
        return "250 OK queued"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), tls_context=context,
                        require_starttls=True, authenticator=authenticator, auth_required=True,
                        auth_require_tls=True)
controller.start()
print("ready", flush=True)
try:
    asyncio.get_event_loop().run_forever()
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
