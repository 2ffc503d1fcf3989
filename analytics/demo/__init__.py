"""The generated demo company with its planted truth (exports + ``truth.json``)."""
