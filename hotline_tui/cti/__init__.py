"""The phone system's ways in: the generic CTI webhook and the Asterisk AMI client.

No Textual here; both hand parsed events to `services/telephony.ingest`.
"""
