"""The Insights tab: funnel, lead sources, deal forecast and activity as Qt charts.

The view is imported on first use: Qt Charts is the heaviest import of the app."""


def __getattr__(name: str):
    if name == "InsightsView":
        from desktop_crm.ui.insights.view import InsightsView

        return InsightsView
    raise AttributeError(name)


__all__ = ["InsightsView"]
