"""Public verification of OCOP certificates: a code per certificate, its page at
``/verify/<code>/``, QR codes and label sheets, and the count of scans."""
