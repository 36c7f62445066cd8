"""Events and trajectories read from an annotated document.

One module per step, each taking plain data and returning plain data::

    document (sentences, tokens, toponyms, a parse of the sentences that matter)
      → lexicons / matcher (triggers, weapons, actors, agencies, venues, vetoes: data files)
      → scene / claims / figures (role decisions: where, who says so, which figure)
      → events → trajectories
"""
