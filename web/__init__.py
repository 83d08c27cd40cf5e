"""The web app of `verdict serve` (the optional extra `verdict[web]`)."""
