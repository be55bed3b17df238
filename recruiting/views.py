# placeholder replaced by the UI work in progress
