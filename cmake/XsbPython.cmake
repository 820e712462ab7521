# Picks the Python 3 interpreter for the tools' tests: the first of python3
# on PATH and /usr/bin/python3 that has matplotlib and psycopg2 (Debian's
# python3-* packages install into /usr/bin/python3 only, and python3 on PATH
# may be pyenv's or a venv's). Falls back to what find_package(Python3)
# finds; tests that need a missing module then report a skip. A user's
# -DPython3_EXECUTABLE=... wins.
if(NOT DEFINED CACHE{Python3_EXECUTABLE})
  find_program(_xsb_path_python NAMES python3 NO_CACHE)
  foreach(_candidate IN ITEMS "${_xsb_path_python}" /usr/bin/python3)
    if(_candidate AND EXISTS "${_candidate}")
      execute_process(COMMAND "${_candidate}" -c "import matplotlib, psycopg2"
                      RESULT_VARIABLE _xsb_rc OUTPUT_QUIET ERROR_QUIET)
      if(_xsb_rc EQUAL 0)
        set(Python3_EXECUTABLE "${_candidate}" CACHE FILEPATH
            "Python 3 for the tools and tests")
        break()
      endif()
    endif()
  endforeach()
  unset(_candidate)
  unset(_xsb_path_python)
  unset(_xsb_rc)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
message(STATUS "xsb: Python for the tools: ${Python3_EXECUTABLE}")
