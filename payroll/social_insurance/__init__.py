"""City social insurance and housing fund: the pure contribution arithmetic (``contributions``), loading a
city's rules in force (``selectors``) and the policy page (``views``)."""
