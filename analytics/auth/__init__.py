"""Who is asking: the viewer (a signed-in user and their role) and the roles file.

:mod:`analytics.auth.roles` resolves a sign-in identity (and the provider's group claim) to a
:class:`~analytics.auth.roles.Viewer`; the findings layer clips every scope to it.
"""
