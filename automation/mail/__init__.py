"""E-mail: the Kasubbag's daily digest, issued letters to requesters who asked by e-mail, and the
monthly report to the Sekretaris.

Lives here: which messages are due (`outbox`, plain data in and out: no clock, no network),
what they say (`digest`, `compose`), the sending records in the "Surat" tab (`records`: claim
"mengirim" before sending, "terkirim" after, reconcile what a crash left), the one SMTP client
of the code base and the .eml folder of a dry run (`transport`), and the EML findings
(`findings`). The command layer (`ppid kirim`, a step of `ppid run`) reads the clock, opens
the register and calls these in order: plan, connect, claim, send, record.

May import: `automation.rules`, `automation.letters` and `sheets`.
"""
